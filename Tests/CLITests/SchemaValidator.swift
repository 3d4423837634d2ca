import Foundation

/// Validates JSON against the schemas in schemas/ with Python's `jsonschema`, a real and
/// independent validator (installed by scripts/test.sh).
enum SchemaValidator {
    /// nil when valid, else the validator's complaint.
    static func problems(_ json: String, schema: String) throws -> String? {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let document = directory.appendingPathComponent("document.json")
        try json.write(to: document, atomically: true, encoding: .utf8)
        let schemaPath = Binary.root.appendingPathComponent("schemas/\(schema).schema.json").path
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))), key=str)
            print("\\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]))
            sys.exit(1 if errors else 0)
            """
        let (status, output) = try Python.run(["-c", script, schemaPath, document.path])
        return status == 0 ? nil : (output.isEmpty ? "python3 failed" : output)
    }
}

/// Runs python3 with `arguments`; its status and what it printed (stdout and stderr).
enum Python {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
