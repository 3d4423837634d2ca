import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// HTTP and HTTPS for the probes that talk to web services (Odoo's JSON endpoints, a time
/// server's Date header), on async-http-client: one client per call, trusting the system's
/// roots plus `--ca-file`, bounded by the probe timeouts and a body limit.
enum WebClient {
    /// Odoo's answers for twenty records are kilobytes; a server that sends more is not Odoo.
    static let maximumBody = 8 << 20

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    enum Failure: Error, CustomStringConvertible {
        case badURL(String)
        case transport(String)

        var description: String {
            switch self {
            case .badURL(let url): return "not an http:// or https:// address: \(url)"
            case .transport(let why): return why
            }
        }
    }

    static func send(
        _ method: HTTPMethod, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
        timeouts: ProbeTimeouts, caFile: String? = nil
    ) async throws -> Response {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw Failure.badURL(url)
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.additionalTrustRoots = [.file(caFile)] }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: timeouts.connect.timeAmount, read: timeouts.read.timeAmount)
        configuration.redirectConfiguration = .disallow
        // A probe reports the first failure (an untrusted certificate, a refusal) at once; the
        // pool's default is to keep retrying until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: Connector.group, configuration: configuration)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response = try await client.execute(request, timeout: timeouts.overall.timeAmount)
            let collected = try await response.body.collect(upTo: maximumBody)
            try await client.shutdown()
            return Response(status: Int(response.status.code), headers: response.headers, body: collected)
        } catch {
            try? await client.shutdown()
            throw Failure.transport(describe(error))
        }
    }

    /// async-http-client's errors in a sentence an administrator can act on.
    static func describe(_ error: Error) -> String {
        if let client = error as? HTTPClientError {
            if client == .connectTimeout || client == .deadlineExceeded || client == .readTimeout { return "timed out" }
            if client == .bodyLengthMismatch { return "the answer was cut short" }
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS failed: the server's certificate is not trusted (for a private CA, give it with --ca-file)"
        }
        if error is NIOSSLExtraError { return "TLS failed: the certificate is not for this host name (\(text))" }
        if let ssl = error as? NIOSSLError { return "TLS failed: \(ssl)" }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if error is NIOTooManyBytesError { return "the answer is larger than \(maximumBody >> 20) MiB" }
        return String(describing: error)
    }
}
