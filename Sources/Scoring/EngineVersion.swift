import DossierXML
import RuleLanguage
import SilkDiagnostics

public enum RiskEngineVersion { public static let string = "0.1.0" }
