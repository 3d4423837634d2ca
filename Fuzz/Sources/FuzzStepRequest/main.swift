import Foundation
import FuzzDriver
import ChatProtocol
import Inference
import Rendering
import RuleLoader

// A chatbot request is untrusted JSON: any bytes must give a response or a JSON error.
let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
let service = StepService(engine: Engine(knowledge: RuleLoader.load(directory: rules, lint: false).knowledge),
                          codec: StateCodec(secret: "fuzz"))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    switch service.respond(to: Data(bytes: data, count: size)) {
    case .success(let response):
        // Feed the state back: a second turn must work too.
        let next = Data("{\"state\": \"\(response.state)\", \"answers\": {\"provider\": \"gmail\"}}".utf8)
        _ = service.respond(to: next)
    case .failure(let error):
        precondition(!error.error.code.isEmpty)
    }
    return 0
}

@_cdecl("FuzzStepRequest_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data, size) }
}
