import Foundation

/// What the rule files look like to the file system, without reading them: each `*.yaml` and
/// `*.yml` file's path, inode, size, modification and change times. A chat turn compares this
/// instead of hashing a megabyte of YAML. The change time (`st_ctim`) is set by the kernel on
/// every write, rename or `touch`, and no tool can set it back, so an edit that keeps the
/// modification time (`cp -p`, `rsync -t`, `tar x`) still changes the fingerprint. A changed
/// fingerprint does not mean changed rules: `RuleCache` then falls back to the content hash.
enum RuleFingerprint {
    /// A 64-bit FNV-1a hash of `salt` and every rule file's stat fields, in sorted path order;
    /// nil when the folder cannot be read or holds no rule file.
    static func of(directory: String, salt: String) -> String? {
        var entries: [(path: String, stat: stat)] = []
        guard walk(directory, relative: "", into: &entries, depth: 0), !entries.isEmpty else { return nil }
        entries.sort { $0.path < $1.path }
        var hash = FNV1a()
        hash.mix(salt)
        for entry in entries {
            hash.mix(entry.path)
            let status = entry.stat
            for field in [
                UInt64(status.st_ino), UInt64(status.st_size), UInt64(status.st_mtim.tv_sec),
                UInt64(status.st_mtim.tv_nsec), UInt64(status.st_ctim.tv_sec), UInt64(status.st_ctim.tv_nsec),
            ] {
                hash.mix(field)
            }
        }
        return String(hash.value, radix: 16)
    }

    /// The same files `RuleLoader.ruleFiles` lists (hidden ones included, symbolic links
    /// followed), by readdir(3): the Foundation enumerator costs a chat turn half a millisecond.
    private static func walk(
        _ root: String, relative: String, into entries: inout [(path: String, stat: stat)], depth: Int
    ) -> Bool {
        // Deeper than any rules folder is laid out: a symbolic-link loop must end.
        guard depth < 16, let folder = opendir(relative.isEmpty ? root : root + "/" + relative) else { return false }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard stat(root + "/" + path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                if !walk(root, relative: path, into: &entries, depth: depth + 1) { return false }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                entries.append((path, status))
            }
        }
        return true
    }
}

/// 64-bit FNV-1a: the cache keys' hash (fast, stable across runs and machines, not a
/// security measure: the cache is the user's own).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// The text and a NUL, so that "ab"+"c" and "a"+"bc" differ.
    mutating func mix(_ text: String) {
        var copy = text + "\u{0}"
        copy.withUTF8 { mix(UnsafeRawBufferPointer($0)) }
    }

    mutating func mix(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { mix($0) }
    }
}
