// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way, toward the model (see ../shared/DESIGN.md):
// KnowledgeBase <- RuleLoader (Yams) <- Inference <- Rendering <- ChatProtocol <- MailDoctorCLI.
// Only RuleLoader imports Yams, so the engine and renderers stay fast to test offline.
// Linux only: the probes use glibc's resolver and the terminal code termios, so no other
// platform is claimed.
let package = Package(
    name: "MailDoctor",
    products: [
        .executable(name: "mail-doctor", targets: ["MailDoctorCLI"]),
        // The MCP server, started by `mail-doctor mcp` (see Sources/MailDoctorMCPHelper).
        .executable(name: "mail-doctor-mcp", targets: ["MailDoctorMCPHelper"]),
        // The library modules, for the fuzzers in Fuzz/ (a separate package). Their public API is
        // only what the fuzzers call (load the rules, evaluate a case, answer a chat turn);
        // everything else is `package`, shared by the targets of this package alone.
        .library(
            name: "MailDoctorKit", targets: ["KnowledgeBase", "RuleLoader", "Inference", "Rendering", "ChatProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "KnowledgeBase"),
        .target(name: "RuleLoader", dependencies: ["KnowledgeBase", .product(name: "Yams", package: "Yams")]),
        // A received message's headers: Authentication-Results, Received, DKIM-Signature, read
        // without I/O, so that pasted headers are evidence like an error text.
        .target(name: "MessageHeaders", dependencies: ["KnowledgeBase"]),
        .target(name: "Inference", dependencies: ["KnowledgeBase", "MessageHeaders"]),
        // glibc's resolver library, for DNS queries to a chosen server (--dns-server).
        .systemLibrary(name: "CResolv"),
        .target(
            name: "Probes",
            dependencies: [
                "KnowledgeBase", "CResolv",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .target(name: "Rendering", dependencies: ["KnowledgeBase", "Inference"]),
        // The chat protocol: one JSON request in, one JSON response out, the state signed.
        .target(
            name: "ChatProtocol",
            dependencies: [
                "KnowledgeBase", "Inference", "Rendering", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // What a command or an MCP tool does, whoever asked: explain a text, scan a log, report a
        // probe sweep.
        .target(
            name: "Service", dependencies: ["KnowledgeBase", "Inference", "Rendering", "Probes", "MessageHeaders"]),
        // The MCP server (the official Swift SDK over stdio), a thin driver like `step`.
        .target(
            name: "MCPServer",
            dependencies: [
                "KnowledgeBase", "Inference", "Rendering", "ChatProtocol", "Probes", "Service",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "MailDoctorCLI",
            dependencies: [
                "KnowledgeBase", "RuleLoader", "Inference", "Probes", "Rendering", "ChatProtocol", "Service",
                "MessageHeaders", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: []
        ),
        // Apart from mail-doctor so that the MCP SDK's FoundationNetworking (and libcurl) is never
        // loaded by a chat turn.
        .executableTarget(
            name: "MailDoctorMCPHelper", dependencies: ["KnowledgeBase", "RuleLoader", "MCPServer"]),
        // Benchmarks: run with the commands in Benchmarks/README.md, never as tests.
        .executableTarget(
            name: "QuestionBenchmark", dependencies: ["RuleLoader", "Inference"],
            path: "Benchmarks/QuestionBenchmark"),
        .executableTarget(
            name: "ScaleBenchmark", dependencies: ["RuleLoader", "Inference"],
            path: "Benchmarks/ScaleBenchmark"),
        .executableTarget(
            name: "PatternBenchmark", dependencies: ["RuleLoader", "KnowledgeBase"],
            path: "Benchmarks/PatternBenchmark"),
        .executableTarget(name: "MinimalExecutable", path: "Benchmarks/MinimalExecutable"),
        .testTarget(name: "KnowledgeBaseTests", dependencies: ["KnowledgeBase"]),
        .testTarget(
            name: "MessageHeadersTests", dependencies: ["KnowledgeBase", "MessageHeaders"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RuleLoaderTests", dependencies: ["KnowledgeBase", "RuleLoader"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InferenceTests", dependencies: ["KnowledgeBase", "Inference", "RuleLoader"]),
        .testTarget(
            name: "ProbesTests",
            dependencies: [
                "KnowledgeBase", "Probes", "Inference", "RuleLoader",
                // In-memory channels for the SMTP dialogue tests.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
        // Snapshots and fixtures are read from the source tree (#filePath), not from a bundle.
        .testTarget(
            name: "RenderingTests", dependencies: ["KnowledgeBase", "Inference", "Rendering"], exclude: ["Snapshots"]),
        .testTarget(
            name: "RuleCatalogTests",
            dependencies: ["KnowledgeBase", "RuleLoader", "Inference", "Rendering", "MessageHeaders"]),
        .testTarget(name: "CLITests", dependencies: [], exclude: ["Fixtures"]),
    ]
)
