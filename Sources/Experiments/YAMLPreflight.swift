import CYaml

/// Reads a YAML document's event stream with libyaml before anything is composed, and finds
/// what would make composing it costly: an anchor or alias (a few hundred bytes of nested
/// aliases expand to gigabytes, the "billion laughs"), or a list or mapping longer than
/// `ScenarioTree.longestList`.
///
/// - Complexity: O(n) time in the text; memory O(depth) beyond libyaml's own buffers.
enum YAMLPreflight {
    /// The first problem, as (1-based line, message), or nil when there is none (also when the
    /// text is not valid YAML: the composer then reports the syntax error itself).
    static func problem(in text: String) -> (line: Int, message: String)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int, message: String)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Per open collection: its first line, whether it is a mapping, and its events so far.
            var open: [(line: Int, mapping: Bool, count: Int)] = []
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                var anchor = false
                switch event.type {
                case YAML_STREAM_END_EVENT: return nil
                case YAML_ALIAS_EVENT: anchor = true
                case YAML_SCALAR_EVENT: anchor = event.data.scalar.anchor != nil
                case YAML_SEQUENCE_START_EVENT: anchor = event.data.sequence_start.anchor != nil
                case YAML_MAPPING_START_EVENT: anchor = event.data.mapping_start.anchor != nil
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    open.removeLast()
                    continue
                default: continue
                }
                if anchor { return (line, ScenarioTree.anchorsRefused) }
                if !open.isEmpty {
                    open[open.count - 1].count += 1
                    let top = open[open.count - 1]
                    // A mapping's events alternate key, value.
                    let items = top.mapping ? (top.count + 1) / 2 : top.count
                    if items > ScenarioTree.longestList {
                        return (top.line, "a \(top.mapping ? "mapping" : "list") of more than \(ScenarioTree.longestList) "
                            + "\(top.mapping ? "keys" : "items"); at most \(ScenarioTree.longestList) are read")
                    }
                }
                if event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT {
                    open.append((line, event.type == YAML_MAPPING_START_EVENT, 0))
                }
            }
            return nil
        }
    }
}
