import Foundation
import ZooReport

// MARK: - The width tables are laid out for

/// The number of columns a terminal table may use (docs/reading-results.md):
/// 1. standard output is a terminal: its width (`ioctl(TIOCGWINSZ)`), so the table follows the window;
/// 2. otherwise `COLUMNS` when it is set to a whole number (e.g. `COLUMNS=80 zoo compare … > table.txt`);
/// 3. otherwise `TableFormatter.defaultWidth` (100), so a table written to a file or a pipe is the same
///    on every machine.
/// Widths below 40 are raised to 40.
public enum TerminalWidth {
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(40, Int(size.ws_col))
        }
        return fromEnvironment(environment)
    }

    /// `COLUMNS` if it is a whole number ≥ 1, else the default.
    public static func fromEnvironment(_ environment: [String: String]) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0
        {
            return max(40, columns)
        }
        return TableFormatter.defaultWidth
    }
}
