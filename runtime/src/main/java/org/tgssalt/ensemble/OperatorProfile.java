package org.tgssalt.ensemble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tgssalt.InputException;

/**
 * Where ONNX Runtime spent a profiled ensemble's kernel time, per operator type and execution provider: the
 * kernels that really ran after its graph optimisations (an int8 convolution shows as {@code QLinearConv}, one
 * left in float32 as {@code Conv}). Read from the trace files of {@link FoldEnsemble#endProfiling()}.
 *
 * @param operators time per operator type and provider, most time first
 * @param runs graph runs in the traces (every session's {@code model_run} events)
 * @param runMicros the wall time of those runs, in microseconds
 */
public record OperatorProfile(List<OperatorTime> operators, long runs, long runMicros) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KERNEL_SUFFIX = "_kernel_time";

    public OperatorProfile {
        operators = List.copyOf(operators);
    }

    /**
     * One operator type's kernels on one execution provider.
     *
     * @param operator the ONNX (or ONNX Runtime contrib) operator type, e.g. {@code Conv}, {@code QLinearConv}
     * @param provider the execution provider without its suffix: {@code CPU}, {@code CUDA}
     * @param calls kernel calls
     * @param micros kernel time, in microseconds
     */
    public record OperatorTime(String operator, String provider, long calls, long micros) {}

    /** Kernel time of every operator, in microseconds. */
    public long kernelMicros() {
        return operators.stream().mapToLong(OperatorTime::micros).sum();
    }

    /** {@code time}'s share of the kernel time, in [0, 1]. */
    public double share(OperatorTime time) {
        long total = kernelMicros();
        return total == 0 ? 0 : (double) time.micros() / total;
    }

    /**
     * Reads and sums ONNX Runtime trace files (Chrome trace format: a JSON array of events; kernel events have
     * category {@code Node}, a name ending in {@code _kernel_time} and {@code args.op_name}). Streams the
     * events, so a long run's large trace is not held in memory.
     *
     * @throws InputException naming the file when it cannot be read or is not such a trace
     */
    public static OperatorProfile read(List<Path> traces) {
        Map<String, long[]> sums = new LinkedHashMap<>(); // "operator\tprovider" -> {calls, micros}
        long runs = 0;
        long runMicros = 0;
        for (Path trace : traces) {
            try (JsonParser parser = JSON.createParser(trace.toFile())) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw notATrace(trace, "expected a JSON array of events");
                }
                parser.nextToken();
                try (MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(parser)) {
                    while (events.hasNextValue()) {
                        JsonNode event = events.nextValue();
                        String category = event.path("cat").asText();
                        String name = event.path("name").asText();
                        long duration = event.path("dur").asLong();
                        if (category.equals("Session") && name.equals("model_run")) {
                            runs++;
                            runMicros += duration;
                        } else if (category.equals("Node") && name.endsWith(KERNEL_SUFFIX)) {
                            JsonNode args = event.path("args");
                            String operator = args.path("op_name").asText("?");
                            String provider = args.path("provider").asText("?").replaceFirst("ExecutionProvider$", "");
                            long[] sum = sums.computeIfAbsent(operator + "\t" + provider, k -> new long[2]);
                            sum[0]++;
                            sum[1] += duration;
                        }
                    }
                }
            } catch (FileNotFoundException e) {
                throw new InputException(trace.toString(), "no such ONNX Runtime profile");
            } catch (IOException e) {
                throw notATrace(trace, e.getMessage());
            }
        }
        List<OperatorTime> operators = new ArrayList<>();
        sums.forEach((key, sum) -> {
            String[] parts = key.split("\t", 2);
            operators.add(new OperatorTime(parts[0], parts[1], sum[0], sum[1]));
        });
        operators.sort(Comparator.comparingLong(OperatorTime::micros).reversed()
                .thenComparing(OperatorTime::operator));
        return new OperatorProfile(operators, runs, runMicros);
    }

    private static InputException notATrace(Path trace, String problem) {
        String line = problem == null ? "unreadable" : problem.lines().findFirst().orElse(problem);
        return new InputException(trace.toString(), "not an ONNX Runtime profile: " + line);
    }
}
