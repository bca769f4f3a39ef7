import DossierXML
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import Synchronization

/// Fixed slots that concurrent workers fill, one slot each, so no ordering depends on timing.
final class ResultSlots<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value?]>

    init(count: Int) {
        storage = Mutex(Array(repeating: nil, count: count))
    }

    subscript(index: Int) -> Value? {
        get { storage.withLock { $0[index] } }
        set { storage.withLock { $0[index] = newValue } }
    }

    var values: [Value?] { storage.withLock { $0 } }
}
