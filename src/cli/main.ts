// Entry point of bin/tinykube; the commands are wired in as they are built.
console.error("tinykube: no commands yet");
process.exit(2);
