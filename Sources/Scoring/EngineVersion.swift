import SilkDiagnostics
import DossierXML
import RuleLanguage

public enum RiskEngineVersion { public static let string = "0.1.0" }
