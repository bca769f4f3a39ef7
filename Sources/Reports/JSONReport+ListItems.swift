import RuleLanguage
import Scoring

extension JSONReport {
    /// A list's items in a finding's evidence (`items`, docs/report-json.md): each item's line,
    /// provenance and value as a message shows it, and the fields the rule reads, each with its
    /// value and, when the item gives it, its line and provenance. Keys in sorted order. Written
    /// straight from the dossier's values and places, without making evidence items: a
    /// portfolio's report writes tens of thousands of them.
    static func listItems(_ w: JSONBytes, _ sheet: EvidenceSheet, slot: Int, _ list: ListRead) {
        guard let items = sheet.recordedItems(slot), let places = sheet.provenance[slot]?.list else {
            w.raw("[]")
            return
        }
        w.raw("[")
        let fieldCount = places.fieldCount
        for index in items.indices {
            if index > 0 { w.raw(", ") }
            let place = places.items[index]
            w.raw("{")
            if place.provenance >= 0 { basis(w, places.provenances[Int(place.provenance)]) }
            if !list.fields.isEmpty, case .record(let record)? = items[index] {
                w.raw("\"fields\": [")
                for position in list.fields.indices {
                    if position > 0 { w.raw(", ") }
                    let field = list.fields[position]
                    let value = field.index < record.count ? record[field.index] : nil
                    // A field the item does not give has no place of its own.
                    let fieldPlace = value == nil ? nil : places.fields[index * fieldCount + field.index]
                    w.raw("{")
                    if let fieldPlace, fieldPlace.line > 0, fieldPlace.provenance >= 0 { basis(w, places.provenances[Int(fieldPlace.provenance)]) }
                    w.raw("\"field\": ")
                    w.string(field.name)
                    if let fieldPlace, fieldPlace.line > 0 {
                        w.raw(", \"line\": ")
                        w.integer(Int(fieldPlace.line))
                        if fieldPlace.provenance >= 0 { sources(w, places.provenances[Int(fieldPlace.provenance)]) }
                    }
                    w.raw(", \"value\": ")
                    w.string(Format.value(value))
                    w.raw("}")
                }
                w.raw("], ")
            } else if !list.fields.isEmpty {
                w.raw("\"fields\": [], ")
            }
            w.raw("\"line\": ")
            w.integer(Int(place.line))
            if place.provenance >= 0 { sources(w, places.provenances[Int(place.provenance)]) }
            w.raw(", \"value\": ")
            w.string(EvidenceSheet.shown(items[index]))
            w.raw("}")
        }
        w.raw("]")
    }

    /// `"basis": …, ` when the provenance has a basis (it sorts before the other keys).
    private static func basis(_ w: JSONBytes, _ provenance: ListEvidence.Provenance) {
        guard let basis = provenance.basis else { return }
        w.raw("\"basis\": ")
        w.string(basis)
        w.raw(", ")
    }

    /// `, "sources": […]` when the provenance cites sources (the key sorts after `line`).
    private static func sources(_ w: JSONBytes, _ provenance: ListEvidence.Provenance) {
        guard !provenance.sources.isEmpty else { return }
        w.raw(", \"sources\": ")
        w.array(provenance.sources) { $0.string($1) }
    }
}
