// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets, kept out of the main package so normal builds never compile them.
// Build and run: see Fuzz/README.md.
let package = Package(
    name: "MailDoctorFuzz",
    dependencies: [.package(name: "MailDoctor", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzRuleLoader",
            dependencies: ["FuzzDriver", .product(name: "MailDoctorKit", package: "MailDoctor")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzSignatures",
            dependencies: ["FuzzDriver", .product(name: "MailDoctorKit", package: "MailDoctor")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzStepRequest",
            dependencies: ["FuzzDriver", .product(name: "MailDoctorKit", package: "MailDoctor")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
