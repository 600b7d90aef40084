import ArgumentParser
import Doppel
import DoppelServer
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the archive: the JSON API under /v1 (described at /openapi.json) and the web page.",
        discussion: """
        Reads need nothing; writes (POST /v1/articles, DELETE /v1/articles/ID) need the header \
        Authorization: Bearer TOKEN with the token in --token-file, and without it the server \
        takes no writes. Listens on loopback unless --host says otherwise.
        """)

    @OptionGroup var archive: ArchiveOption

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8080

    @Option(name: .long, help: "A file holding the bearer token that writes need (its first line).")
    var tokenFile: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535 (not \(port))") }
    }

    func run() async throws {
        var settings = ServerSettings(host: host, port: port)
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8),
                  let token = text.split(whereSeparator: \.isNewline).first.map(String.init), !token.isEmpty else {
                throw ValidationError("--token-file \(tokenFile): no token could be read from it")
            }
            settings.token = token
        }
        let service = try ArchiveService(archive: archive.open(), embedder: Compare.model())
        StandardError.note("serving \(archive.name) (\(service.snapshot.articles.count) articles) on http://\(host):\(port)/")
        try await Server.application(service: service, settings: settings).runService()
    }
}
