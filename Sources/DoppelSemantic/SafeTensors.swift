import Foundation

/// The float tensors of a `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header naming each tensor's type, shape and byte range, then the raw little-endian data.
struct SafeTensors {
    private let tensors: [String: (shape: [Int], values: [Float])]

    init(contentsOf url: URL) throws(SemanticError) {
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { throw .unreadable(url.path) }
        guard data.count >= 8 else { throw .malformed(url.path, "shorter than its header length") }
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard headerLength > 0, 8 + headerLength <= data.count,
              let header = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + headerLength)) as? [String: Any]
        else { throw .malformed(url.path, "its JSON header is missing or cut") }
        var tensors: [String: (shape: [Int], values: [Float])] = [:]
        for (name, entry) in header {
            guard let entry = entry as? [String: Any], entry["dtype"] as? String == "F32",
                  let shape = entry["shape"] as? [Int], let range = entry["data_offsets"] as? [Int], range.count == 2
            else { continue }
            let (start, end) = (8 + headerLength + range[0], 8 + headerLength + range[1])
            guard start <= end, end <= data.count, (end - start) == 4 * shape.reduce(1, *)
            else { throw .malformed(url.path, "tensor \(name) lies outside the file") }
            // The file is little-endian, as is every machine Doppel builds for.
            let values = [Float](unsafeUninitializedCapacity: (end - start) / 4) { buffer, count in
                data.withUnsafeBytes { raw in _ = memcpy(buffer.baseAddress!, raw.baseAddress! + start, end - start) }
                count = (end - start) / 4
            }
            tensors[name] = (shape, values)
        }
        self.tensors = tensors
    }

    /// The values of tensor `name`, checked to have `shape`.
    func tensor(_ name: String, _ shape: [Int], in file: String) throws(SemanticError) -> [Float] {
        guard let tensor = tensors[name] else { throw .malformed(file, "no tensor \(name)") }
        guard tensor.shape == shape else { throw .malformed(file, "tensor \(name) has shape \(tensor.shape), not \(shape)") }
        return tensor.values
    }
}

/// Why the sentence model could not be loaded.
public enum SemanticError: Error, CustomStringConvertible, Equatable {
    /// The file is missing or unreadable.
    case unreadable(String)
    /// The file is not what the model needs: the file and the reason.
    case malformed(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path) (run scripts/setup to install the sentence model)"
        case .malformed(let path, let reason): "\(path) is not the sentence model's file: \(reason)"
        }
    }
}
