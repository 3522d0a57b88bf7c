package kintone

import (
	"reflect"
	"testing"
)

// FuzzDSNRoundTrip checks that for any DSN that parses, ParseDSN(FormatDSN())
// gives the same Config and FormatDSN is stable.
func FuzzDSNRoundTrip(f *testing.F) {
	seeds := []string{
		baseDSN,
		"URL=https://example.cybozu.com/;APIToken=a,b;AppId=1,2;GuestSpaceId=3",
		"jdbc:kintone:url=http://127.0.0.1:9000;user='a;b';password=\"x\"\"y\";Pagesize=5;Timeout=1.5s",
		"URL=https://x.cybozu.com;User= u ;Password=p;SubtableSeparatorCharacter=' ';CheckForSubtablesIn=*,A",
		"URL=https://x.cybozu.com;User=u;Password=p;RTK=abc;Other='a=b;c=d';InitiateOAuth=off;MaxRows=0",
		"URL=https://x.cybozu.com;AuthScheme=APIToken;User=u;APIToken=t;Schema=REST;UseCursor=no;NumberMapToDouble=yes",
		"URL=https://x.cybozu.com;User=u;Password=p;SSLClientCert=/a.p12;SSLClientCertPassword=z;ProxyServer=h;ProxyPort=1",
		"URL=https://x.cybozu.com;User=u;Password=p;Schema=USER;Tables=a,b;Timeout=0;UseCodeForFieldName=1",
		"URL=http://[::1]:8080;User=u;Password=p;Timeout=90;Pagesize=500;UseCursor=true;ProxyServer=::1;ProxyUser=x",
		"URL=https://x.cybozu.com;User=u;Password=p;SSLClientCert='-----BEGIN X-----';SSLClientCertType=pemkey_blob;Verbosity=",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		c, err := ParseDSN(dsn)
		if err != nil {
			return
		}
		out := c.FormatDSN()
		again, err := ParseDSN(out)
		if err != nil {
			t.Fatalf("ParseDSN(FormatDSN()) failed: %v\ninput:  %q\noutput: %q", err, dsn, out)
		}
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("round trip changed %v\ninput:  %q\noutput: %q", fieldDiff(c, again), dsn, out)
		}
		if out2 := again.FormatDSN(); out2 != out {
			t.Fatalf("FormatDSN not stable:\n%q\n%q", out, out2)
		}
	})
}
