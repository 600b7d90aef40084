extension Double {
    /// The value with `places` decimals, as `String(format: "%.Nf")` writes it (halves to
    /// even), without Foundation's formatter: the reasons of every measured pair are written
    /// with it, and `String(format:)` took half of deciding 74,141 pairs of real news.
    public func fixed(_ places: Int) -> String {
        guard isFinite else { return String(describing: self) }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let units = (abs(self) * scale).rounded(.toNearestOrEven)
        guard units < 1e18 else { return String(describing: self) }
        let whole = UInt64(units)
        let power = UInt64(scale)
        var out = self < 0 && whole > 0 ? "-" : ""
        out += String(whole / power)
        guard places > 0 else { return out }
        let fraction = String(whole % power)
        return out + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
