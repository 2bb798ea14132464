package org.paperdigest;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** JSON as paper-digest reads and writes it: Jackson's defaults, one mapper for the process. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.shared();
    /** For what people read: the run report, {@code status --json}. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
