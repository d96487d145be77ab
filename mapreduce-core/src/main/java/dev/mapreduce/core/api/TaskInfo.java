package dev.mapreduce.core.api;

import java.util.Map;
import java.util.Optional;

/**
 * What a running task knows about itself.
 *
 * @param taskId e.g. {@code m-00003} or {@code r-00001}
 * @param attempt 1 for the first attempt
 * @param inputFile the file a map task reads (empty for reduce tasks)
 * @param configuration the job's user settings
 */
public record TaskInfo(
    String taskId, int attempt, Optional<String> inputFile, Map<String, String> configuration) {}
