import Foundation

/// A JSON value that keeps its keys in the order they were given, for stable, readable output.
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// `.string(s)` or `.null`.
    public static func optional(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    /// The serialized text, indented by two spaces.
    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    /// The serialized text on one line, as JSON Lines need it.
    public func serializedLine() -> String {
        var out = ""
        write(to: &out, indent: nil)
        return out
    }

    /// Writes the value, indented by two spaces per level, or on one line when `indent` is nil.
    private func write(to out: inout String, indent: Int?) {
        let pad = indent.map { "\n" + String(repeating: "  ", count: $0 + 1) } ?? ""
        let close = indent.map { "\n" + String(repeating: "  ", count: $0) } ?? ""
        let next = indent.map { $0 + 1 }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            // Whole numbers (counts, offsets, ids) exactly; measures to four significant digits.
            if d.isFinite && d == d.rounded() && abs(d) < 9.0e15 {
                out += String(Int64(d))
            } else {
                out += d.isFinite ? String(format: "%.4g", d) : "null"
            }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: next)
                if i + 1 < items.count { out += indent == nil ? ", " : "," }
            }
            out += close + "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                out += pad
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out, indent: next)
                if i + 1 < fields.count { out += indent == nil ? ", " : "," }
            }
            out += close + "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s  // nothing to escape: the common case
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
