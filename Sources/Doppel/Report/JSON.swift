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

    /// Appends `s` as a JSON string: runs of bytes that need no escape are appended whole, as
    /// slices of scalars (a run ends at an ASCII byte, which may sit inside a character: `"` and
    /// a combining accent after it).
    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        let (utf8, scalars) = (s.utf8, s.unicodeScalars)
        var run = utf8.startIndex
        var i = run
        while i != utf8.endIndex {
            let byte = utf8[i]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { utf8.formIndex(after: &i); continue }
            out += Substring(scalars[run..<i])
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            default: out += String(format: "\\u%04x", byte)
            }
            utf8.formIndex(after: &i)
            run = i
        }
        out += Substring(scalars[run..<i])
        out += "\""
    }
}
