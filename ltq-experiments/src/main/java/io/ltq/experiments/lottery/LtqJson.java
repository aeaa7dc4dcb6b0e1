package io.ltq.experiments.lottery;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * The one JSON setup of LTQ's files ({@code run.json}, summaries, reports, {@code sweep.json}):
 * NaN and infinities allowed (a training that diverges records NaN), no HTML escapes (commands
 * such as {@code OMP_NUM_THREADS=1 ltq ...} stay readable), variants as their names, and
 * settings written before the present records read into them.
 */
public final class LtqJson {

    /** Indented, for the files people read. */
    public static final Gson PRETTY = builder().setPrettyPrinting().create();

    /** One line per object, for streams of events. */
    public static final Gson COMPACT = builder().create();

    private LtqJson() {}

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .serializeSpecialFloatingPointValues()
                .disableHtmlEscaping()
                .registerTypeAdapter(Variant.class, new VariantName().nullSafe())
                .registerTypeAdapterFactory(new EarlierPruningSettings());
    }

    /** A variant is written as its name, as summaries always recorded it. */
    private static final class VariantName extends TypeAdapter<Variant> {

        @Override
        public void write(JsonWriter out, Variant value) throws IOException {
            out.value(value.name());
        }

        @Override
        public Variant read(JsonReader in) throws IOException {
            return new Variant(in.nextString());
        }
    }

    /**
     * Reads the controls of {@code run.json} files written before controls were named: the
     * booleans {@code reinitControl} and {@code randomPruneControl} become the list they meant.
     */
    private static final class EarlierPruningSettings implements TypeAdapterFactory {

        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            if (type.getRawType() != PruningSettings.class) {
                return null;
            }
            TypeAdapter<PruningSettings> records =
                    gson.getDelegateAdapter(this, TypeToken.get(PruningSettings.class));
            TypeAdapter<JsonElement> trees = gson.getAdapter(JsonElement.class);
            return (TypeAdapter<T>) new TypeAdapter<PruningSettings>() {
                @Override
                public void write(JsonWriter out, PruningSettings value) throws IOException {
                    records.write(out, value);
                }

                @Override
                public PruningSettings read(JsonReader in) throws IOException {
                    JsonElement tree = trees.read(in);
                    if (tree != null && tree.isJsonObject() && !tree.getAsJsonObject()
                            .has("controls")) {
                        JsonObject o = tree.getAsJsonObject();
                        JsonArray controls = new JsonArray();
                        if (flag(o.remove("reinitControl"))) {
                            controls.add(Variant.REINIT.name());
                        }
                        if (flag(o.remove("randomPruneControl"))) {
                            controls.add(Variant.RANDOM_PRUNE.name());
                        }
                        o.add("controls", controls);
                    }
                    return records.fromJsonTree(tree);
                }
            };
        }

        private static boolean flag(JsonElement e) {
            return e != null && e.isJsonPrimitive() && e.getAsBoolean();
        }
    }
}
