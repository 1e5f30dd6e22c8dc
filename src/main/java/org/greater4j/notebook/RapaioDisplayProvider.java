package org.greater4j.notebook;

import java.util.ArrayList;
import java.util.List;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * The rapaio-jupyter-kernel display hook (registered in
 * {@code META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider}): a value of any
 * type {@link Html} renders shows as HTML (with a {@code text/plain} twin) when it ends a cell. Only
 * loaded by that kernel; the rest of the library never touches rapaio classes.
 */
public final class RapaioDisplayProvider implements DisplayProvider {

    /** Loaded by {@link java.util.ServiceLoader}. */
    public RapaioDisplayProvider() {}

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        List<DisplayRenderer> out = new ArrayList<>();
        for (Class<?> type : Html.types()) out.add(new TypeRenderer(type));
        return out;
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    /** Renders one type. */
    static final class TypeRenderer implements DisplayRenderer {
        private final Class<?> type;

        TypeRenderer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        @Override
        public boolean canRender(String mime) {
            return mime == null || mime.isBlank() || mime.equals("text/html") || mime.equals("html") || mime.equals("text/plain")
                    || mime.equals("text");
        }

        @Override
        public DisplayData render(String mime, Object o) {
            String text = Html.text(o);
            if (mime != null && (mime.equals("text/plain") || mime.equals("text"))) return DisplayData.fromText(text);
            DisplayData dd = DisplayData.fromHtml(Html.of(o));
            dd.putText(text);
            return dd;
        }
    }
}
