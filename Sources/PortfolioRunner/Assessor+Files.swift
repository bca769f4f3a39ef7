public import DossierXML
public import Scoring
import SilkDiagnostics
import RuleLanguage
import Reports

extension Assessor {
    /// Loads and scores every file with the same pipeline as the streamed report, keeping every
    /// assessment (for the formats that need the whole portfolio at once).
    public func assess<Files: RandomAccessCollection<String>>(files: Files, loader: DossierLoader = DossierLoader()) -> Portfolio
    where Files.Index == Int {
        var assessments: [Assessment] = []
        var failures: [FailedDossier] = []
        BatchScorer(assessor: self, loader: loader).run(files: files, prepare: { $0 }) { _, item in
            switch item {
            case .scored(let assessment): assessments.append(assessment)
            case .failed(let failure): failures.append(failure)
            }
        }
        return Portfolio(ruleSet: ruleSet, assessments: assessments, failures: failures)
    }
}
