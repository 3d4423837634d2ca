import Foundation

/// A value made the first time it is asked for, once, whichever thread asks: what a chat turn
/// may never need (the Public Suffix List's bytes, the back-off classifier's counts) is not
/// made at start-up.
package final class OnFirstUse<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var make: (@Sendable () -> Value)?
    private var made: Value?

    package init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    package init(value: Value) { made = value }

    package var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make!()
        made = value
        make = nil
        return value
    }
}
