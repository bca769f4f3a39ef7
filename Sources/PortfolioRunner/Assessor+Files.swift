public import DossierXML
import Reports
import RuleLanguage
public import Scoring
import SilkDiagnostics

extension Assessor {
    /// Loads and scores every file with the same pipeline as the streamed report, keeping every
    /// assessment (for the formats that need the whole portfolio at once). As there, a dossier
    /// with the id of an earlier one is a failure. With `records`, every file is read in the rule
    /// set's declared format, one assessment per record (a file with none is a failure unless
    /// `allowsEmptyRecordFiles`, as in `BatchScorer`).
    public func assess<Files: RandomAccessCollection<String>>(
        files: Files, loader: DossierLoader = DossierLoader(), records: RecordLoader? = nil, allowsEmptyRecordFiles: Bool = false
    ) -> Portfolio
    where Files.Index == Int {
        var assessments: [Assessment] = []
        var failures: [FailedDossier] = []
        var ids = DossierIDs()
        var scorer = BatchScorer(assessor: self, loader: loader, records: records)
        scorer.allowsEmptyRecordFiles = allowsEmptyRecordFiles
        scorer.run(files: files) {
            $0
        } consume: { _, item in
            switch item {
            case .scored(let assessment):
                if let first = ids.claim(assessment.id, at: assessments.count, idAt: { assessments[$0].id }) {
                    let earlier = assessments[first]
                    failures.append(
                        scorer.duplicate(
                            assessment.id, file: assessment.file, record: assessment.record, first: earlier.file, firstLine: earlier.record?.line))
                } else {
                    assessments.append(assessment)
                }
            case .failed(let failure): failures.append(failure)
            }
        }
        return Portfolio(ruleSet: ruleSet, assessments: assessments, failures: failures)
    }
}
