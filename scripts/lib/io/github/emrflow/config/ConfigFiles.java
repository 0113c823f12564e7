package io.github.emrflow.config;

import io.github.emrflow.UserError;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The raw key-value pairs of emrflow.properties and, for an environment, emrflow.ENV.properties
 * over them, with the file each value came from (so an error can name it). Nothing is validated
 * here except what only the layering can see: an environment must set a bucket of its own.
 */
record ConfigFiles(Map<String, String> values, Map<String, String> sources, String baseName) {

    static ConfigFiles read(Path file, Environment environment) {
        String baseName = file.getFileName().toString();
        Map<String, String> values = properties(file);
        Map<String, String> sources = new LinkedHashMap<>();
        values.keySet().forEach(k -> sources.put(k, baseName));
        if (environment != null) {
            Path envFile = file.resolveSibling(environment.fileName());
            if (!Files.isRegularFile(envFile)) {
                throw UserError.badInput("environment '" + environment.name() + "' has no " + environment.fileName() + " in "
                        + file.toAbsolutePath().getParent() + ": create it (it must set its own 'bucket') or drop --env");
            }
            Map<String, String> overrides = properties(envFile);
            String bucket = overrides.get(Setting.BUCKET.key());
            // Two environments writing one bucket would read each other's runs, and destroy
            // --delete-data of one would empty the other's data.
            if (bucket == null || bucket.isEmpty() || bucket.equals(values.get(Setting.BUCKET.key()))) {
                throw UserError.badInput(environment.fileName() + ": set 'bucket' to a bucket of this environment's own"
                        + " (not " + baseName + "'s): two environments must not share one bucket");
            }
            values.putAll(overrides);
            overrides.keySet().forEach(k -> sources.put(k, environment.fileName()));
        }
        return new ConfigFiles(values, sources, baseName);
    }

    /** The file a key's value came from; the base file for a key neither file sets (a default). */
    String sourceOf(String key) {
        return sources.getOrDefault(key, baseName);
    }

    private static Map<String, String> properties(Path file) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        } catch (NoSuchFileException e) {
            throw UserError.badInput("config file " + file + " not found: run from the project folder or pass --project DIR");
        } catch (IOException | IllegalArgumentException e) {
            throw UserError.badInput("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            given.put(key, raw.getProperty(key).trim());
        }
        return given;
    }
}
