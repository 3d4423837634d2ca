import Foundation
import FuzzDriver
import Inference
import RuleLoader

// Runs every shipped signature and the engine over arbitrary text: pasted errors are untrusted
// input of any size and encoding.
let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
let engine = Engine(knowledge: RuleLoader.load(directory: rules, lint: false).knowledge)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var session = Case(errorText: text)
    _ = engine.evaluate(session)
    session.answer("smtp.port", text)
    _ = engine.evaluate(session)
    return 0
}

@_cdecl("FuzzSignatures_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data, size) }
}
