import Foundation
import Reports
import Testing
@testable import Experiments

/// The identity of a result set and the output folder's checks, lock and publication.
@Suite struct IdentityAndFolderTests {
    @Test func sha256MatchesTheFIPSExamples() {
        // FIPS 180-4 examples (one block, two blocks) and the empty message.
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func identityNamesTheFieldThatDiffers() throws {
        let a = try ScenarioTree.parse("experiment: {seed: 1, duration: 2s}\n", file: "a.yaml")
        let b = try ScenarioTree.parse("experiment: {seed: 2, duration: 2s}\n", file: "b.yaml")
        let ia = ScenarioIdentity(tree: a, name: "x", version: "1"), ib = ScenarioIdentity(tree: b, name: "x", version: "1")
        #expect(ia != ib)
        #expect(ib.difference(from: ia) == "experiment.seed is 2 now, 1 in the earlier results")
        #expect(ScenarioIdentity(json: ia.json) == ia)
        #expect(ScenarioIdentity(tree: a, name: "x", version: "2") != ia, "the version is part of the identity")
    }

    @Test func theOutputFolderIsCheckedLockedAndPublishedAsOneSet() throws {
        let base = NSTemporaryDirectory() + "hybridsim-folder-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(throws: OutputFolder.Problem.self) { _ = try OutputFolder("") }
        let folder = try OutputFolder("\(base)/deep/out")     // missing parents are created
        #expect(throws: OutputFolder.Problem.self) { _ = try OutputFolder("\(base)/deep/out") }  // locked
        try folder.publish([("a.csv", "1\n"), ("b.csv", "2\n")])
        try folder.publish([("a.csv", "3\n"), ("b.csv", "4\n")])
        #expect(try String(contentsOfFile: "\(base)/deep/out/a.csv", encoding: .utf8) == "3\n")
        folder.finish()
        #expect(!FileManager.default.fileExists(atPath: "\(base)/deep/out/.lock"))
        // A file where the folder should be, and a temporary file a killed run left.
        FileManager.default.createFile(atPath: "\(base)/deep/file", contents: Data())
        #expect(throws: OutputFolder.Problem.self) { _ = try OutputFolder("\(base)/deep/file") }
        FileManager.default.createFile(atPath: "\(base)/deep/out/.a.csv.tmp-99999", contents: Data())
        let again = try OutputFolder("\(base)/deep/out")
        #expect(!FileManager.default.fileExists(atPath: "\(base)/deep/out/.a.csv.tmp-99999"))
        again.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(base)/deep").sorted() == ["file", "out"])
    }
}
