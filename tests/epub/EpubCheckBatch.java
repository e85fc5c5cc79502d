// EPUBCheck on many books in one JVM (EPUBCheck 4 checks one book per
// run, and a JVM's start costs more than checking a small book).  Run as
// a source file: java -cp epubcheck.jar EpubCheckBatch.java A.epub B.epub
// Each book's messages follow a line "== PATH", in EPUBCheck's own form.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckBatch {
  public static void main(String[] args) {
    System.setErr(System.out);
    for (String path : args) {
      System.out.println("== " + path);
      try {
        DefaultReportImpl report = new DefaultReportImpl(path);
        new EpubCheck(new File(path), report).doValidate();
        report.generate();
      } catch (RuntimeException e) {
        System.out.println("FATAL(batch): " + path + ": " + e);
      }
      System.out.flush();
    }
  }
}
