/// A language of the texts a scenario carries (title, notes) and of the player's own words.
public enum Language: String, CaseIterable, Sendable {
    case en, zh
}
