// Runs after maven-archetype-plugin has written the project (binding: `request`).
//
// 1. Checks the values that end up in emrflow.properties, and the chosen job. The plugin only applies
//    validationRegex to values typed interactively, so -Dbucket=Bad_Bucket would otherwise produce a
//    project whose every script fails. On a bad value the files this archetype wrote are removed again
//    and generation fails with ONE line naming the property, the value and what is allowed.
// 2. Installs the chosen job: the archetype carries every sample job under samples/ (a fileSet cannot
//    be chosen by a property); samples/<job>/ becomes job/ and samples/ goes.
// 3. Writes the job's parameters into emrflow.properties from job/job.json, so the keys always match
//    the job that was chosen (job.json is their one source; the file only holds the section heading).
// 4. Restores the run bits the archetype jar loses (the ./jbang wrapper, the scripts, the emulator).
//
// The rules are the library's (io.github.emrflow.config.Names and Setting, job.Parameter); the
// archetype's PostGenerateScriptTest holds the two to the same answers.

import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.attribute.PosixFilePermission
import java.util.zip.ZipFile
import javax.lang.model.SourceVersion

Properties props = request.properties
Path projectDir = Path.of(request.outputDirectory, request.artifactId)

/** S3's general-purpose bucket naming rules (io.github.emrflow.Names.isValidBucket). */
boolean isValidBucket(String name) {
    name ==~ /[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/ &&
            !name.contains('..') && !name.contains('.-') && !name.contains('-.') &&
            !(name ==~ /\d{1,3}(\.\d{1,3}){3}/) &&
            !['xn--', 'sthree-', 'amzn-s3-demo-'].any { name.startsWith(it) } &&
            !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].any { name.endsWith(it) }
}

/** The shape of a region code (io.github.emrflow.Names.isValidRegion). */
boolean isValidRegion(String region) {
    region ==~ /[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d/
}

/** name.prefix (io.github.emrflow.Setting.NAME_PREFIX). */
boolean isValidNamePrefix(String prefix) {
    prefix ==~ /[A-Za-z][A-Za-z0-9-]{0,31}/
}

/** The sample jobs the archetype carries (samples/NAME/); the descriptor's validationRegex lists the same. */
List<String> jobs() {
    ['salary-by-title', 'salary-by-experience']
}

/**
 * How the job-parameter section of emrflow.properties starts. The comment block it begins is kept;
 * everything after it is written here, from job/job.json.
 */
String parametersHeading() {
    '# Job parameters'
}

/** The first problem with the given values, as the one line to show, or null. */
String problem(Properties p) {
    String bucket = p.getProperty('bucket', '')
    if (!isValidBucket(bucket)) {
        return "Invalid -Dbucket=${bucket}: an S3 bucket name has 3-63 characters (lowercase letters, digits, '.' and '-'), " +
                "starts and ends with a letter or digit, has no '..', '.-' or '-.', is not an IP address, " +
                "and has no reserved prefix or suffix such as 'xn--' or '-s3alias'"
    }
    String region = p.getProperty('region', '')
    if (!isValidRegion(region)) {
        return "Invalid -Dregion=${region}: use an AWS region code such as us-east-1, eu-west-3 or us-gov-west-1"
    }
    String prefix = p.getProperty('namePrefix', '')
    if (!isValidNamePrefix(prefix)) {
        return "Invalid -DnamePrefix=${prefix}: a name prefix has 1-32 characters (letters, digits and '-') and starts with a letter" +
                " (it defaults to the artifactId: pass -DnamePrefix=NAME when the artifactId does not qualify)"
    }
    String label = p.getProperty('emrReleaseLabel', '')
    if (!(label ==~ /emr-7\.\d{1,2}\.\d{1,2}/)) {
        return "Invalid -DemrReleaseLabel=${label}: use emr-7.x.y (Spark 3.5, whose SQL binds the job's typed named parameters), e.g. emr-7.9.0"
    }
    String job = p.getProperty('job', '')
    if (!jobs().contains(job)) {
        return "Invalid -Djob=${job}: use one of the sample jobs ${jobs().join(' or ')}"
    }
    String pkg = p.getProperty('package', '')
    if (!SourceVersion.isName(pkg)) {
        return "Invalid -Dpackage=${pkg}: use a Java package name such as com.example.pipeline" +
                " (it defaults to the groupId: pass -Dpackage=NAME when the groupId does not qualify)"
    }
    return null
}

/**
 * Every file this archetype writes, relative to the project folder: the archetype-resources entries
 * of the archetype jar (the plugin's context class loader), with __property__ path tokens replaced.
 * Removing exactly these, rather than the folder, spares files a user already had in it.
 */
List<String> generatedFiles(Properties p) {
    URL marker = Thread.currentThread().contextClassLoader.getResource('archetype-resources/pom.xml')
    if (marker == null) {
        return []
    }
    List<String> names = []
    if (marker.protocol == 'jar') {
        File jar = new File(new URI(marker.path.substring(0, marker.path.indexOf('!/'))))
        new ZipFile(jar).withCloseable { zip ->
            zip.entries().each { entry ->
                if (!entry.directory && entry.name.startsWith('archetype-resources/')) {
                    names << entry.name.substring('archetype-resources/'.length())
                }
            }
        }
    } else {
        Path root = Path.of(marker.toURI()).parent
        Files.walk(root).withCloseable { walk ->
            walk.filter { Files.isRegularFile(it) }.toList().each { names << root.relativize(it).toString().replace(File.separator, '/') }
        }
    }
    Map<String, String> tokens = [packageInPathFormat: p.getProperty('package', '').replace('.', '/')]
    p.stringPropertyNames().each { tokens.putIfAbsent(it, p.getProperty(it)) }
    names.collect { name -> name.replaceAll(/__([A-Za-z0-9]+)__/) { all, key -> tokens.getOrDefault(key, all) } }
}

/** Removes the generated files, then the folders that are left empty (the project folder included). */
void removeGenerated(Path projectDir, List<String> files) {
    Set<Path> dirs = new TreeSet<>(Comparator.reverseOrder())
    files.each { name ->
        Path file = projectDir.resolve(name).normalize()
        if (file.startsWith(projectDir)) {
            Files.deleteIfExists(file)
            for (Path d = file.parent; d != null && d.startsWith(projectDir); d = d.parent) {
                dirs << d
            }
        }
    }
    dirs.each { dir ->
        if (Files.isDirectory(dir)) {
            boolean empty = Files.list(dir).withCloseable { !it.findAny().present }
            if (empty) {
                Files.delete(dir)
            }
        }
    }
}

/** Moves samples/<job>/ to job/ and removes samples/ with the jobs not chosen. */
void installJob(Path projectDir, String job) {
    Path samples = projectDir.resolve('samples')
    Path chosen = samples.resolve(job)
    Path target = projectDir.resolve('job')
    Files.createDirectories(target)
    Files.list(chosen).withCloseable { files ->
        files.toList().each { Files.move(it, target.resolve(it.fileName.toString()), StandardCopyOption.REPLACE_EXISTING) }
    }
    Files.walk(samples).withCloseable { walk ->
        walk.sorted(Comparator.reverseOrder()).toList().each { Files.delete(it) }
    }
}

/** A number of job.json as Parameter.allowedText writes it: 2020, not 2020.0. */
String number(Object n) {
    BigDecimal d = n as BigDecimal
    d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger().toString() : (d as double).toString()
}

/** What a parameter's value must be, in the words of io.github.emrflow.job.Parameter.allowedText(). */
String allowedText(Map parameter) {
    if (parameter.allowed) {
        return parameter.allowed.collect { it.toString() }.join(', ')
    }
    String text = [string: 'any text', integer: 'a whole number', number: 'a number', boolean: 'true or false',
                   regex: 'a valid regular expression (empty allowed)'][parameter.type.toString().toLowerCase(Locale.ROOT)]
    if (parameter.minimum != null || parameter.maximum != null) {
        text += " from ${parameter.minimum == null ? 'any' : number(parameter.minimum)} to ${parameter.maximum == null ? 'any' : number(parameter.maximum)}"
    }
    if (parameter.pattern != null) {
        text += " matching ${parameter.pattern}"
    }
    text
}

/**
 * The job-parameter entries of emrflow.properties for job/job.json, in the file's own style: the
 * description, then what is allowed and the default, then job.NAME=DEFAULT.
 */
String parameterEntries(Path jobJson) {
    Map job = new JsonSlurper().parse(jobJson.toFile()) as Map
    List parameters = (job.parameters ?: []) as List
    if (parameters.isEmpty()) {
        return "\n# Job ${job.name} declares no parameters.\n"
    }
    parameters.collect { Map p ->
        String value = p['default'].toString()
        // Properties syntax: a backslash escapes, so a regular expression's \d must be written \\d.
        String escaped = value.replace('\\', '\\\\')
        "\n# ${p.description ?: p.name}\n# Allowed: ${allowedText(p)}. Default: ${value.isEmpty() ? 'empty' : value}.\njob.${p.name}=${escaped}\n"
    }.join('')
}

/** Replaces whatever follows the job-parameter heading of emrflow.properties with the job's entries. */
void writeParameters(Path projectDir) {
    Path file = projectDir.resolve('emrflow.properties')
    List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)
    int heading = lines.findIndexOf { it.startsWith(parametersHeading()) }
    if (heading < 0) {
        throw new IllegalStateException("emrflow.properties has no '${parametersHeading()}' section: the archetype is broken")
    }
    // The heading is a comment block: keep it whole, replace what follows it.
    int end = heading
    while (end + 1 < lines.size() && lines[end + 1].startsWith('#')) {
        end++
    }
    String kept = lines.subList(0, end + 1).join('\n') + '\n'
    Files.writeString(file, kept + parameterEntries(projectDir.resolve('job/job.json')), java.nio.charset.StandardCharsets.UTF_8)
}

boolean startsLikeAScript(Path file) {
    byte[] head = new byte[14]
    int n = Files.newInputStream(file).withCloseable { it.read(head) }
    String start = n > 0 ? new String(head, 0, n, 'UTF-8') : ''
    start.startsWith('#!') || start.startsWith('///usr/bin/env')
}

String invalid = problem(props)
if (invalid != null) {
    removeGenerated(projectDir, generatedFiles(props))
    throw new IllegalArgumentException(invalid + "; nothing was generated")
}

installJob(projectDir, props.getProperty('job'))
writeParameters(projectDir)

// The archetype jar keeps no file modes. Make executable again what is executable in the repository:
// the files that start like a script (the ./jbang wrapper and the emulator launcher with #!, the JBang
// scripts with ///usr/bin/env jbang).
generatedFiles(props).collect { projectDir.resolve(it) }.findAll { Files.isRegularFile(it) && startsLikeAScript(it) }.each { file ->
    try {
        Set<PosixFilePermission> mode = new HashSet<>(Files.getPosixFilePermissions(file))
        mode.addAll([PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE])
        Files.setPosixFilePermissions(file, mode)
    } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system (Windows): there are no run bits to restore.
    }
}
