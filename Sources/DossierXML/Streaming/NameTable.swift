#if canImport(Glibc)
    import Glibc
#endif

/// The names the streaming reader compares against — every element and attribute name of the
/// dossier schema, and the names a query reads — each given a small number once. A document's
/// names are looked up as they are parsed (`NameCache`), so that validating and querying compare
/// numbers, never strings.
final class NameTable: @unchecked Sendable {
    /// The names, NUL-terminated, by id. Made once and never changed.
    private let storage: [UnsafeMutablePointer<CChar>]
    private let ids: [[UInt8]: Int32]

    init(_ names: [String]) {
        var unique: [String] = []
        var seen: Set<String> = []
        for name in names where seen.insert(name).inserted { unique.append(name) }
        storage = unique.map { name in
            let bytes = Array(name.utf8CString)
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            pointer.initialize(from: bytes, count: bytes.count)
            return pointer
        }
        var ids: [[UInt8]: Int32] = [:]
        for (index, name) in unique.enumerated() { ids[Array(name.utf8)] = Int32(index) }
        self.ids = ids
    }

    deinit {
        for pointer in storage { pointer.deallocate() }
    }

    var count: Int { storage.count }

    /// The id of `name`, or nil when the table does not hold it.
    func id(_ name: String) -> Int32? { ids[Array(name.utf8)] }

    /// The id of a NUL-terminated name, or -1.
    func id(of name: UnsafePointer<UInt8>) -> Int32 {
        ids[Array(UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))))] ?? -1
    }

    func name(_ id: Int32) -> String { String(cString: storage[Int(id)]) }
}

/// A document's names by the addresses libxml2 gives them: a parser context interns every name
/// in its dictionary, so one name has one address for as long as the context lives, and a name
/// met once is looked up by its address alone afterwards (open addressing, no allocation). One
/// cache per parser context, for one `NameTable`.
struct NameCache {
    private var keys: UnsafeMutablePointer<UInt>
    private var values: UnsafeMutablePointer<Int32>
    private let mask: Int
    private var filled = 0
    let table: NameTable

    init(table: NameTable, slots: Int = 512) {
        self.table = table
        keys = .allocate(capacity: slots)
        keys.initialize(repeating: 0, count: slots)
        values = .allocate(capacity: slots)
        values.initialize(repeating: -1, count: slots)
        mask = slots - 1
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    /// The table's id for the interned name at `name`, or -1 when the table has no such name.
    @inline(__always)
    mutating func id(_ name: UnsafePointer<UInt8>) -> Int32 {
        let key = UInt(bitPattern: name)
        var slot = Int(truncatingIfNeeded: (key >> 4) ^ (key >> 12)) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { break }
            slot = (slot + 1) & mask
        }
        let id = table.id(of: name)
        // Past half full, names are looked up each time rather than kept: a hostile document
        // can hold any number of distinct names.
        if filled < (mask + 1) / 2 {
            keys[slot] = key
            values[slot] = id
            filled += 1
        }
        return id
    }
}
