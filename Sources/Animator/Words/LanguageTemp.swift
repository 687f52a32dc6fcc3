/// The languages of the interface. (Moves to ScenarioFormat with the module split.)
public enum Language: String, CaseIterable, Sendable {
    case en, zh
}
