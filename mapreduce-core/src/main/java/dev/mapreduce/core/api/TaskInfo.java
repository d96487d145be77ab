package dev.mapreduce.core.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a running task knows about itself.
 *
 * @param taskId e.g. {@code m-00003} or {@code r-00001}
 * @param attempt 1 for the first attempt
 * @param inputFile the absolute path of the file a map task reads (empty for reduce tasks and for
 *     in-memory input)
 * @param configuration the job's user settings
 */
public record TaskInfo(
    String taskId, int attempt, Optional<Path> inputFile, Map<String, String> configuration) {}
