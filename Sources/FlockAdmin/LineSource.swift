import Foundation

/// Where the shell reads its lines from.
public protocol LineSource: AnyObject {
    /// The next line without its newline, or nil at the end of input.
    func readLine(prompt: String) -> String?
    /// True for a person at a terminal (prompts are drawn, history is kept).
    var isInteractive: Bool { get }
}
