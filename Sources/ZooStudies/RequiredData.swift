import Foundation
import ZooCore

// MARK: - Data a preset needs installed

/// An installed data set a preset reads (for example Fashion-MNIST from Debian's package): its name and
/// how to install it. The files themselves are the ones the preset's data models declare
/// (`DataModel.sourceFiles`), so the check and the run read the same paths.
public struct RequiredData: Sendable {
    /// The data set's name in the message ("Fashion-MNIST").
    public let name: String
    /// How to install it ("apt-get install dataset-fashion-mnist (Debian, Ubuntu)").
    public let install: String

    public init(name: String, install: String) {
        self.name = name
        self.install = install
    }
}

extension Preset {
    /// Refuses, before anything runs, naming the first missing file and how to install the data, when a
    /// file the data models of the run's experiments declare is missing (nothing to check without
    /// `requiredData`).
    public func checkData(registry: Registry, quick: Bool) throws(ZooError) {
        guard let requiredData else { return }
        for experiment in experiments(quick: quick) {
            let data = try registry.makeDataModel(experiment.data)
            for file in data.sourceFiles where !FileManager.default.fileExists(atPath: file) {
                throw .io("\(name) needs \(requiredData.name), and \(file) is missing: \(requiredData.install)")
            }
        }
    }
}
