import Foundation

/// Wall and CPU time of each stage of a build, and the peak memory by its end, for
/// `gongkai build --timings` (printed to standard error; never part of the site).
public struct PhaseTimer: Sendable {
    public struct Phase: Sendable {
        public var name: String
        public var wall: Double
        public var cpu: Double
        /// The process's peak resident memory so far, in MB.
        public var peak: Double
    }

    public private(set) var phases: [Phase] = []
    private var wallMark = PhaseTimer.wallNow()
    private var cpuMark = PhaseTimer.cpuNow()

    public init() {}

    /// Closes the stage that ran since the last mark.
    public mutating func mark(_ name: String) {
        let wall = Self.wallNow(), cpu = Self.cpuNow()
        phases.append(Phase(name: name, wall: wall - wallMark, cpu: cpu - cpuMark, peak: Self.peakNow()))
        wallMark = wall
        cpuMark = cpu
    }

    public var report: String {
        let total = phases.reduce((0.0, 0.0)) { ($0.0 + $1.wall, $0.1 + $1.cpu) }
        let rows = phases + [Phase(name: "合计", wall: total.0, cpu: total.1, peak: Self.peakNow())]
        // Chinese characters take two columns in a terminal.
        func columns(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) } }
        let width = rows.map { columns($0.name) }.max() ?? 0
        return rows.map { phase in
            phase.name + String(repeating: " ", count: width - columns(phase.name))
                + String(format: "  墙钟 %7.3f 秒  CPU %7.3f 秒  峰值内存 %6.0f MB", phase.wall, phase.cpu, phase.peak)
        }.joined(separator: "\n")
    }

    static func wallNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func peakNow() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// CPU time of the whole process, every thread.
    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
