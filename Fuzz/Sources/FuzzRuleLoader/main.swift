import Foundation
import FuzzDriver
import RuleLoader

// Feeds arbitrary bytes to the rule loader as the only rule file:
// any input must end in diagnostics, never a crash or a hang.
let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("mail-doctor-fuzz-\(getpid())").path
let file = directory + "/fuzz.yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: file, contents: Data(bytes: data, count: size))
    _ = RuleLoader.load(directory: directory, displayRoot: "rules")
    return 0
}

@_cdecl("FuzzRuleLoader_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data, size) }
}
