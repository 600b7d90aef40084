/// An unordered pair of document indexes, stored smaller first.
public struct Pair: Hashable, Sendable, Comparable {
    public let first: Int
    public let second: Int
    public init(_ a: Int, _ b: Int) {
        first = min(a, b)
        second = max(a, b)
    }
    public static func < (l: Pair, r: Pair) -> Bool { (l.first, l.second) < (r.first, r.second) }
}
