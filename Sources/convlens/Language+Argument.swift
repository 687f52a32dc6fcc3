import ArgumentParser
import ScenarioFormat

/// `--lang en|zh`: a value outside the cases is a usage error that lists them.
extension Language: ExpressibleByArgument {}
