extension String {
    /// The text in a C buffer that the C library filled (a NUL-terminated `[CChar]`), decoded
    /// as UTF-8; everything from the first NUL on is ignored.
    init(filledCBuffer buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
