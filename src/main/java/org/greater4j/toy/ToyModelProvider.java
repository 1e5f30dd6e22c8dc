package org.greater4j.toy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.greater4j.model.ModelSpec;

/** Makes {@code toy} and {@code toy-b} model names everywhere ({@link ModelSpec}): extracted or trained into the cache on first use. */
public final class ToyModelProvider implements ModelSpec.Provider {
    @Override
    public List<String> names() {
        return ToyModels.names();
    }

    @Override
    public Path resolve(String name, Consumer<String> progress) {
        return ToyModels.path(name, progress);
    }
}
