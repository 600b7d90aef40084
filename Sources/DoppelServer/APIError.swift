import Doppel
import Hummingbird

/// Why the API refused a request: each case has its HTTP status, a code a program can test, and
/// a message naming the problem.
public enum APIError: Error, Sendable, Equatable {
    case noArticle(String)
    case noStory(String)
    case missingParameter(String)
    case badParameter(name: String, reason: String)
    case badBody(String)
    case bodyTooLarge(limit: Int)
    case unauthorized
    case writesDisabled
    case methodNotAllowed(allow: String)

    public var status: HTTPResponse.Status {
        switch self {
        case .noArticle, .noStory: .notFound
        case .missingParameter, .badParameter, .badBody: .badRequest
        case .bodyTooLarge: .contentTooLarge
        case .unauthorized: .unauthorized
        case .writesDisabled: .forbidden
        case .methodNotAllowed: .methodNotAllowed
        }
    }

    public var code: String {
        switch self {
        case .noArticle: "no-such-article"
        case .noStory: "no-such-story"
        case .missingParameter: "missing-parameter"
        case .badParameter: "bad-parameter"
        case .badBody: "bad-body"
        case .bodyTooLarge: "body-too-large"
        case .unauthorized: "unauthorized"
        case .writesDisabled: "writes-disabled"
        case .methodNotAllowed: "method-not-allowed"
        }
    }

    public var message: String {
        switch self {
        case .noArticle(let id): "no article with id \(id) in the archive"
        case .noStory(let id): "no story with id \(id) in the archive"
        case .missingParameter(let name): "the query parameter \(name) is required"
        case .badParameter(let name, let reason): "the query parameter \(name) \(reason)"
        case .badBody(let reason): reason
        case .bodyTooLarge(let limit): "the request body is larger than \(limit) bytes"
        case .unauthorized: "writes need the header Authorization: Bearer <token>, with the server's token"
        case .writesDisabled: "this server takes no writes: start it with --token-file"
        case .methodNotAllowed(let allow): "this path takes only \(allow)"
        }
    }

    /// The error as the API's JSON body: `{"error": {"code", "message"}}`.
    public var json: JSON { .object([("error", .object([("code", .string(code)), ("message", .string(message))]))]) }
}

extension APIError: HTTPResponseError {
    public var headers: HTTPFields { [.contentType: "application/json"] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json.serializedLine())))
    }
}
