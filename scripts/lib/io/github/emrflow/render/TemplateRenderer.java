package io.github.emrflow.render;

import io.github.emrflow.UserError;

import com.fasterxml.jackson.databind.JsonNode;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders templates/ with Freemarker and validates every document before anyone uses it: JSON
 * parsed strictly, the state machine's task parameters checked against the SDK model. Any failure
 * names the template (and line) and is a {@link UserError} with exit code 2.
 */
public final class TemplateRenderer {
    private final Configuration freemarker;
    private final Path templatesDir;

    public TemplateRenderer(Path templatesDir) {
        this.templatesDir = templatesDir;
        if (!Files.isDirectory(templatesDir)) {
            throw UserError.badInput("templates folder " + templatesDir + " not found");
        }
        freemarker = new Configuration(Configuration.VERSION_2_3_35);
        try {
            freemarker.setDirectoryForTemplateLoading(templatesDir.toFile());
        } catch (IOException e) {
            throw UserError.badInput("cannot read templates folder " + templatesDir + ": " + e.getMessage());
        }
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setFallbackOnNullLoopVariable(false);
        freemarker.setNumberFormat("c");
        freemarker.setBooleanFormat("c");
        freemarker.setAPIBuiltinEnabled(false);
    }

    public Path templatesDir() {
        return templatesDir;
    }

    /** Renders and validates every deployed document. */
    public Rendered renderAll(TemplateModel model) {
        Rendered rendered = new Rendered();
        for (Artifact artifact : Artifact.values()) {
            String text = render(artifact.templateName(), model);
            JsonNode parsed = null;
            if (artifact.isJson()) {
                parsed = JsonDocuments.parse(artifact.templateName(), text);
            }
            if (artifact == Artifact.STATE_MACHINE) {
                List<String> problems = AslParameterCheck.problems(parsed);
                if (!problems.isEmpty()) {
                    throw UserError.badInput(artifact.templateName() + ": " + String.join("; ", problems));
                }
            }
            rendered.put(artifact, text, parsed);
        }
        return rendered;
    }

    /** Renders one template; a missing value or syntax error names the template and line. */
    public String render(String templateName, Object model) {
        try {
            Template template = freemarker.getTemplate(templateName);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw UserError.badInput("template " + templatesDir.resolve(templateName) + " not found");
        } catch (ParseException e) {
            throw UserError.badInput(e.getTemplateName() + " line " + e.getLineNumber() + ": " + firstLine(e.getEditorMessage()), e);
        } catch (TemplateException e) {
            String where = e.getTemplateSourceName() == null ? templateName : e.getTemplateSourceName();
            throw UserError.badInput(where + " line " + e.getLineNumber() + ": " + firstLine(e.getBlamedExpressionString() == null
                    ? e.getMessageWithoutStackTop() : "'" + e.getBlamedExpressionString() + "' is missing or wrong: "
                    + firstLine(e.getMessageWithoutStackTop())), e);
        } catch (IOException e) {
            throw UserError.badInput("cannot read template " + templateName + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
