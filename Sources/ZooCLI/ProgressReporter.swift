import Foundation
import ZooHarness
import ZooReport

// MARK: - Progress on standard error

/// Shows how far a run is, on standard error: redrawn in place on a terminal, otherwise one line at
/// most every few seconds (so logs stay short). Quiet for runs that finish within two seconds, and always with `--quiet`.
final class ProgressReporter: @unchecked Sendable {
    private let console: Console
    private let total: Int
    private let start = Date()
    private var lastShown = Date.distantPast
    private var shownAnything = false
    /// Seconds between lines when standard error is not a terminal.
    private let logInterval: TimeInterval = 5

    /// `--quiet`: show nothing.
    private let quiet: Bool

    init(console: Console, total: Int, quiet: Bool = false) {
        self.console = console
        self.total = total
        self.quiet = quiet
    }

    func report(_ event: ProgressEvent) {
        guard !quiet else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 2 || shownAnything else { return }
        let interval = console.errorIsTerminal ? 0.1 : logInterval
        guard now.timeIntervalSince(lastShown) >= interval || event.finished == total else { return }
        lastShown = now
        shownAnything = true
        let remaining = event.finished > 0 ? elapsed / Double(event.finished) * Double(total - event.finished) : 0
        let rate = elapsed > 0 ? Double(event.finished) / elapsed : 0
        let text =
            event.withinCell
            ? String(format: "[%ld/%ld] %@ (%.0fs elapsed)", event.finished, total, event.cell, elapsed)
            : String(
                format: "[%ld/%ld] %@%@ (%.1f cells/s, %.0fs elapsed, ~%.0fs left)", event.finished, total,
                event.skipped ? "skipped " : "", event.cell, rate, elapsed, remaining)
        if console.errorIsTerminal {
            console.writeError("\r\u{1B}[K" + String(text.prefix(120)))
        } else {
            console.printError(text)
        }
    }

    func finish() {
        if console.errorIsTerminal && shownAnything { console.writeError("\n") }
    }
}
