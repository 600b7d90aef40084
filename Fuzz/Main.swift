import Foundation

// libFuzzer's entry points. The target is named by DOPPEL_FUZZ_TARGET; with DOPPEL_FUZZ_SEEDS
// set to a directory, the binary writes the target's generated seeds there and exits.

nonisolated(unsafe) var selectedTarget = FuzzTarget.html

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    guard let name = environment["DOPPEL_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("fuzz: set DOPPEL_FUZZ_TARGET to one of \(names)\n".utf8))
        exit(2)
    }
    selectedTarget = target
    if let dir = environment["DOPPEL_FUZZ_SEEDS"] {
        do {
            for (n, seed) in try target.generatedSeeds().enumerated() {
                try Data(seed).write(to: URL(fileURLWithPath: dir).appendingPathComponent("generated-\(n)"))
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("fuzz: cannot write seeds to \(dir): \(error)\n".utf8))
            exit(1)
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
