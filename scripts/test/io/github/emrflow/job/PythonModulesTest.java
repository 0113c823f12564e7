package io.github.emrflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's own packages: found, zipped byte-for-byte reproducibly, and UDFs declared against them. */
class PythonModulesTest {
    @TempDir
    Path dir;

    private Path job() throws IOException {
        Path job = Files.createDirectories(dir.resolve("job"));
        TestProjects.copyTree(TestProjects.sampleJob(TestProjects.SALARY_JOB), job);
        Files.createDirectories(job.resolve("tools/inner"));
        Files.writeString(job.resolve("tools/__init__.py"), "");
        Files.writeString(job.resolve("tools/text.py"), "def tidy(t):\n    return t.strip()\n");
        Files.writeString(job.resolve("tools/inner/__init__.py"), "X = 1\n");
        Files.createDirectories(job.resolve("notapackage"));
        Files.writeString(job.resolve("notapackage/helper.py"), "pass\n");
        return job;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<ZipEntry> entries(byte[] zip) throws IOException {
        List<ZipEntry> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e);
            }
        }
        return entries;
    }

    @Test
    void onlyFoldersWithInitPyArePackages() throws IOException {
        assertThat(PythonModules.in(job()).packages()).containsExactly("tools");
        assertThat(PythonModules.in(TestProjects.sampleJob(TestProjects.SALARY_JOB)).isEmpty()).isTrue();
    }

    @Test
    void theZipIsTheSameBytesWhateverTheFileTimesAndCaches() throws Exception {
        Path job = job();
        byte[] first = PythonModules.in(job).zip();
        Files.setLastModifiedTime(job.resolve("tools/text.py"), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        Files.createDirectories(job.resolve("tools/__pycache__"));
        Files.writeString(job.resolve("tools/__pycache__/text.cpython-311.pyc"), "bytecode");
        byte[] second = PythonModules.in(job).zip();
        assertThat(sha256(second)).isEqualTo(sha256(first));
        assertThat(entries(first)).extracting(ZipEntry::getName)
                .containsExactly("tools/__init__.py", "tools/inner/__init__.py", "tools/text.py");
        assertThat(entries(first)).extracting(ZipEntry::getTime).containsOnly(entries(first).get(0).getTime());

        Files.writeString(job.resolve("tools/text.py"), "def tidy(t):\n    return t.strip().upper()\n");
        assertThat(sha256(PythonModules.in(job).zip())).isNotEqualTo(sha256(first));
    }

    @Test
    void aUdfIsLoadedFromTheJobDefinition() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"tidy_title\", \"function\": \"tools.text:tidy\", \"returnType\": \"string\"}]");
        JobDefinition definition = JobDefinitionLoader.load(job);
        assertThat(definition.udfs()).containsExactly(new Udf("tidy_title", "tools.text", "tidy", Udf.ReturnType.STRING));
        assertThat(definition.modules().packages()).containsExactly("tools");
    }

    @Test
    void aUdfOutsideTheJobsPackagesIsOneLine() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"f\", \"function\": \"numpy.core:sum\", \"returnType\": \"integer\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(job)).isInstanceOf(UserError.class)
                .hasMessage("job/job.json udf f: 'function' is in package 'numpy', which is not one of the job's own (tools):"
                        + " put it in job/numpy/ with an __init__.py");
    }

    @Test
    void aBadReturnTypeOrFunctionIsOneLine() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"f\", \"function\": \"tools.text:tidy\", \"returnType\": \"date\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(job)).hasMessage(
                "job/job.json udf f: 'returnType' is 'date'; allowed: string, integer, number, boolean");
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        TestProjects.copyTree(job, other.resolve("job"));
        addUdfs(other.resolve("job"), "[{\"name\": \"f\", \"function\": \"tools.text.tidy\", \"returnType\": \"string\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(other.resolve("job"))).hasMessage(
                "job/job.json udf f: 'function' is 'tools.text.tidy'; allowed: package.module:function, e.g. mytools.text:normalise");
    }

    @Test
    void theRenderedPySparkScriptRegistersTheUdfsFromTheZipAndPassesIt() throws Exception {
        Path job = job();
        addUdfs(job, "[{\"name\": \"tidy_title\", \"function\": \"tools.text:tidy\", \"returnType\": \"string\"}]");
        JobDefinition definition = JobDefinitionLoader.load(job);
        var config = io.github.emrflow.config.Config.of(java.util.Map.of("bucket", "b-1", "name.prefix", "p"), "t", definition);
        var model = io.github.emrflow.render.TemplateModel.of(config, "123456789012", "aws");
        assertThat(model.sparkSubmitParameters()).endsWith(" --py-files s3://b-1/jobs/salary-by-title.zip");
        Path script = dir.resolve("job.py");
        Files.writeString(script, new io.github.emrflow.render.TemplateRenderer(TestProjects.templates())
                .render(io.github.emrflow.render.Artifact.JOB_SCRIPT.templateName(), model));
        Path zip = definition.modules().writeZip(dir.resolve("modules.zip"));
        // No PySpark here: a stand-in session records what the script registers, as spark.udf.register would get it.
        String probe = String.join("\n",
                "import importlib.util, sys",
                "sys.path.insert(0, sys.argv[2])",
                "spec = importlib.util.spec_from_file_location('job', sys.argv[1])",
                "job = importlib.util.module_from_spec(spec); spec.loader.exec_module(job)",
                "calls = []",
                "class Udf:",
                "    def register(self, name, f, t): calls.append((name, f('  Data Engineer '), t))",
                "class Session: udf = Udf()",
                "job.register_udfs(Session())",
                "print(calls)");
        Process p = new ProcessBuilder("python3", "-I", "-c", probe, script.toString(), zip.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("[('tidy_title', 'Data Engineer', 'string')]");
    }

    private static void addUdfs(Path job, String udfs) throws IOException {
        String definition = Files.readString(job.resolve("job.json"));
        definition = definition.replaceFirst(",\\s*\"udfs\": \\[.*?\\]\\s*(?=,\\s*\"output\")", "");
        Files.writeString(job.resolve("job.json"), definition.replaceFirst("\"output\":", "\"udfs\": " + udfs + ",\n  \"output\":"));
    }
}
