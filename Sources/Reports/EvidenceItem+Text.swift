public import Scoring

extension EvidenceItem.ListItem {
    /// The item as one line of evidence, the same in every human format:
    /// `United Aircraft Corporation  (cr929.xml:14, source essay): rating = poor (line 20, assumption, source essay), abandoned = unknown`.
    /// `place` writes the item's line as the format cites lines (`file:14`, `line 14`); a field
    /// on another line than its item gives its own (`line 20`), an absent one reads "unknown".
    public func summary(place: (Int) -> String) -> String {
        var text = value + "  (" + ([place(line)] + qualifiers).joined(separator: ", ") + ")"
        if !fields.isEmpty {
            text += ": " + fields.map { $0.summary(in: self) }.joined(separator: ", ")
        }
        return text
    }
}

extension EvidenceItem.Field {
    /// `rating = poor (line 20, assumption, source essay)`; `date = 2020-09-01` for a field
    /// that says no more about its place than its item does (an attribute of the item's
    /// element, say), or that the item does not give.
    func summary(in item: EvidenceItem.ListItem) -> String {
        var notes: [String] = []
        if let line, line != item.line || basis != item.basis || sources != item.sources {
            notes = (line == item.line ? [] : ["line \(line)"]) + qualifiers
        }
        return "\(name) = \(value)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
    }
}
