import FlockCore
import Foundation

/// A run's metrics per round, as CSV (one row per round and site) and as a self-contained SVG
/// chart (global mean Dice and each site's training loss per round), rewritten after every round.
public struct MetricsReport: Sendable {
    public let progress: RunProgress

    public init(progress: RunProgress) { self.progress = progress }

    /// CSV columns: round, site, samples, loss, global_mean_dice (the site's Dice of the global model
    /// the round started from), seconds.
    public var csv: String {
        var lines = ["round,site,samples,loss,global_mean_dice,seconds"]
        for r in progress.history {
            for site in r.participants {
                let loss = r.trainMetrics[site]?["loss"].map { String(format: "%.6f", $0) } ?? ""
                let dice = r.globalValidation[site]?["mean_dice"].map { String(format: "%.6f", $0) } ?? ""
                lines.append("\(r.round),\(site),\(r.samples[site] ?? 0),\(loss),\(dice),\(String(format: "%.3f", r.seconds))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mean over sites of the global model's Dice, for each round that has it (the Dice measured at
    /// the start of round r belongs to the model after round r-1).
    /// The final global model's Dice comes from cross-site validation.
    public var globalDice: [(round: Int, dice: Double)] {
        var points: [(round: Int, dice: Double)] = progress.history.compactMap { r in
            let d = r.globalValidation.values.compactMap { $0["mean_dice"] }
            return d.isEmpty ? nil : (r.round - 1, d.reduce(0, +) / Double(d.count))
        }
        let last = progress.finalGlobalValidation.values.compactMap { $0["mean_dice"] }
        if !last.isEmpty, let round = progress.lastCompletedRound {
            points.append((round, last.reduce(0, +) / Double(last.count)))
        }
        return points
    }

    public var svg: String {
        let w = 640.0, h = 360.0, left = 60.0, right = 150.0, top = 40.0, bottom = 50.0
        let rounds = progress.history.map(\.round)
        let minR = Double(min(rounds.min() ?? 0, globalDice.map(\.round).min() ?? 0)); let maxR = max(Double(rounds.max() ?? 1), minR + 1)
        let sites = Array(Set(progress.history.flatMap(\.participants))).sorted()
        let maxLoss = max(progress.history.flatMap { $0.trainMetrics.values.compactMap { $0["loss"] } }.max() ?? 1, 1e-9)
        func x(_ r: Double) -> Double { left + (r - minR) / (maxR - minR) * (w - left - right) }
        func y(_ v: Double) -> Double { top + (1 - v) * (h - top - bottom) }
        func path(_ pts: [(Double, Double)]) -> String {
            pts.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(String(format: "%.1f", x(p.0))),\(String(format: "%.1f", y(p.1)))" }.joined(separator: " ")
        }
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w))" height="\(Int(h))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="20" font-size="15">Run \(progress.runNumber): global model's mean Dice per round</text>
        <text x="\(left)" y="34" font-size="11" fill="#555">dashed: each site's training loss, divided by its maximum (\(String(format: "%.3f", maxLoss)))</text>
        <line x1="\(left)" y1="\(y(0))" x2="\(w - right)" y2="\(y(0))" stroke="black"/>
        <line x1="\(left)" y1="\(y(0))" x2="\(left)" y2="\(y(1))" stroke="black"/>

        """
        for t in stride(from: 0.0, through: 1.0, by: 0.25) {
            s += "<text x=\"\(left - 8)\" y=\"\(y(t) + 4)\" text-anchor=\"end\">\(String(format: "%.2f", t))</text>\n"
        }
        for r in Int(minR)...Int(maxR) {
            s += "<text x=\"\(x(Double(r)))\" y=\"\(h - bottom + 18)\" text-anchor=\"middle\">\(r)</text>\n"
        }
        s += "<text x=\"\((left + w - right) / 2)\" y=\"\(h - 12)\" text-anchor=\"middle\">round</text>\n"
        let dice = globalDice.map { (Double($0.round), $0.dice) }
        if !dice.isEmpty {
            s += "<path d=\"\(path(dice))\" fill=\"none\" stroke=\"black\" stroke-width=\"2.5\"/>\n"
            for p in dice { s += "<circle cx=\"\(x(p.0))\" cy=\"\(y(p.1))\" r=\"3\"/>\n" }
        }
        var legendY = top + 10
        s += "<text x=\"\(w - right + 10)\" y=\"\(legendY)\">— global Dice</text>\n"
        for (i, site) in sites.enumerated() {
            let color = palette[i % palette.count]
            let pts = progress.history.compactMap { r in r.trainMetrics[site]?["loss"].map { (Double(r.round), $0 / maxLoss) } }
            if !pts.isEmpty {
                s += "<path d=\"\(path(pts))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>\n"
            }
            legendY += 18
            s += "<text x=\"\(w - right + 10)\" y=\"\(legendY)\" fill=\"\(color)\">- - \(Self.escape(site)) loss</text>\n"
        }
        return s + "</svg>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Writes both reports atomically but without fsync: they are derived from fl_state.json
    /// (which is durable) and rewritten every round, so a crash loses nothing that matters.
    public func write(csv csvPath: String, svg svgPath: String) throws {
        try AtomicFile.write(csv, to: csvPath, durable: false)
        try AtomicFile.write(svg, to: svgPath, durable: false)
    }
}
