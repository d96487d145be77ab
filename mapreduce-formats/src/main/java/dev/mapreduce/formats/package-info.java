/**
 * Input formats that need a third-party parser, kept out of {@code mapreduce-core} so that the
 * core's users get no extra dependency: {@link dev.mapreduce.formats.CsvRecords} (RFC 4180 CSV,
 * Apache Commons CSV), {@link dev.mapreduce.formats.JsonLines} (one JSON object per line, Jackson's
 * streaming parser) and {@link dev.mapreduce.formats.Bzip2TextLines} (text lines, plain, gzip or
 * bzip2 via Apache Commons Compress). Name one with {@code Job.Builder.inputFormat(...)}; remote
 * workers need this module on their class path too.
 */
package dev.mapreduce.formats;
