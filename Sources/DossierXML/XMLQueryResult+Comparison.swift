extension XMLQueryResult {
    /// Every reading by value — slot by slot, item by item, each with its element, line, text,
    /// attributes, basis and source — one to a line, in an order that does not depend on where
    /// the bytes lie in the result. Two results read the same dossier alike exactly when their
    /// descriptions are equal: what the tests and the fuzzer compare the streamed and the tree
    /// reading with.
    public var readingsDescription: String {
        var lines = ["root \(rootName)"]
        func text(_ text: XMLText?) -> String {
            text.map { "\"" + string($0).unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\"" } ?? "nil"
        }
        func describe(_ reading: XMLReading?) -> String {
            guard let reading else { return "absent" }
            let attributes = reading.attributes.map { "\(text(self.attributes[$0].name))=\(text(self.attributes[$0].value))" }
            return "<\(elementName(of: reading))> line \(reading.line) text \(text(reading.text)) attributes [\(attributes.joined(separator: " "))]"
                + " basis \(text(reading.basis)) source \(text(reading.source))"
        }
        for (slot, reading) in scalars.enumerated() { lines.append("scalar \(slot): \(describe(reading))") }
        for (slot, list) in lists.enumerated() {
            guard let list else {
                lines.append("list \(slot): absent")
                continue
            }
            lines.append("list \(slot): line \(list.line), \(list.count) items of \(list.fieldCount) fields")
            for item in 0..<list.count {
                lines.append("  item \(item): \(describe(self.item(item, in: list)))")
                for field in 0..<list.fieldCount { lines.append("    field \(field): \(describe(self.field(field, ofItem: item, in: list)))") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
