// The reference for the chatbot-turn benchmark: a Swift executable that starts and exits,
// linked like mail-doctor against Foundation, so the ratio measures our own start-up work.
import Foundation

FileHandle.standardOutput.write(Data("{}\n".utf8))
