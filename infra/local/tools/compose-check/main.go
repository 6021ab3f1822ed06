// Command compose-check validates a Compose file without a Docker engine. It loads the file with
// compose-go, the loader `docker compose` v2 itself uses, so it checks what `docker compose
// config` checks: the Compose-spec JSON schema (unknown keys, wrong types), ${VAR:-default}
// interpolation, extends and anchors, and the project's consistency (undefined volumes, networks,
// secrets and configs, depends_on naming a missing service, health checks that run nothing).
//
// Usage: compose-check [file]   (default docker-compose.yml)
//
// It prints one line on stdout: a summary of the project when the file is valid (exit 0), or
// the loader's error when it is not (exit 1). A bad command line exits 2.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

const composeGo = "github.com/compose-spec/compose-go/v2"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	file := "docker-compose.yml"
	switch {
	case len(args) == 0:
	case len(args) == 1 && !strings.HasPrefix(args[0], "-"):
		file = args[0]
	default:
		fmt.Fprintln(stderr, "usage: compose-check [compose-file]")
		return 2
	}
	summary, err := check(file)
	if err != nil {
		fmt.Fprintln(stdout, explain(oneLine(err.Error())))
		return 1
	}
	fmt.Fprintln(stdout, summary)
	return 0
}

// check loads the file as `docker compose config` would and describes the project it found.
func check(file string) (string, error) {
	options, err := cli.NewProjectOptions([]string{file},
		// The environment and a .env beside the file feed interpolation, as in docker compose.
		cli.WithOsEnv,
		cli.WithDotEnv,
		// Every profile, so services that only run on demand (k6 under "load") are checked too.
		cli.WithProfiles([]string{"*"}),
		cli.WithConsistency(true),
	)
	if err != nil {
		return "", err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s, %s, %s; compose-go %s", count(len(project.Services), "service"),
		count(len(project.Volumes), "volume"), count(len(project.Networks), "network"),
		loaderVersion()), nil
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// loaderVersion is the compose-go version go.mod pinned, read from the binary's build info.
func loaderVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == composeGo {
				return dep.Version
			}
		}
	}
	return "unknown"
}

// explain rewords the loader's least readable message. A key the schema forbids comes out as
// "<path> false schema", the JSON-schema library's name for `additionalProperties: false`.
func explain(message string) string {
	if key, ok := strings.CutSuffix(message, " false schema"); ok {
		return key + " is not a key the Compose spec allows (a typo? custom keys must start with x-)"
	}
	return message
}

// oneLine keeps a multi-line schema error on one output line, so the caller can prefix it.
func oneLine(message string) string {
	return strings.Join(strings.Fields(message), " ")
}
