import Doppel
import Foundation
import Hummingbird
import Mustache

/// How the server runs.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The bearer token writes need; nil: the server takes no writes.
    public var token: String?
    /// The largest request body accepted (413 beyond it).
    public var maxBodyBytes = 32 << 20

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxBodyBytes: Int = 32 << 20) {
        (self.host, self.port, self.token, self.maxBodyBytes) = (host, port, token, maxBodyBytes)
    }
}

/// `doppel serve`: the API and the web page over one archive, from one process.
public enum Server {
    /// The router with every route: the API (`/v1`, `/healthz`, `/openapi.json`) and the pages.
    public static func router(service: ArchiveService, settings: ServerSettings,
                              metrics: ServerMetrics = ServerMetrics()) async throws -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        API(service: service, settings: settings, metrics: metrics).add(to: router)
        Pages(service: service, library: try await Resources.templates()).add(to: router)
        return router
    }

    /// The application serving `service` on the settings' host and port.
    public static func application(service: ArchiveService, settings: ServerSettings) async throws -> some ApplicationProtocol {
        Application(router: try await router(service: service, settings: settings),
                    configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "doppel"))
    }
}

/// The files shipped in `Resources`: templates, the stylesheet, the script, the OpenAPI document.
enum Resources {
    static func file(_ name: String) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources"),
              let data = try? Data(contentsOf: url) else { preconditionFailure("the resource \(name) is missing from the DoppelServer bundle") }
        return Array(data)
    }

    static func templates() async throws -> MustacheLibrary {
        guard let url = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            preconditionFailure("the templates are missing from the DoppelServer bundle")
        }
        return try await MustacheLibrary(directory: url.path)
    }
}
